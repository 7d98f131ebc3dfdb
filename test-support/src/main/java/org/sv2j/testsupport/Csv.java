package org.sv2j.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the vector CSV files (header row, comma separated, optional double quotes). */
public final class Csv {
  private Csv() {}

  /** Each row as a map from header name to field, in file order. */
  public static List<Map<String, String>> rows(String text) {
    List<List<String>> lines = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (!line.isEmpty()) {
        lines.add(split(line));
      }
    }
    List<String> header = lines.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> fields : lines.subList(1, lines.size())) {
      if (fields.size() != header.size()) {
        throw new IllegalArgumentException("CSV row has " + fields.size() + " fields: " + fields);
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int k = 0; k < header.size(); k++) {
        row.put(header.get(k), fields.get(k));
      }
      out.add(row);
    }
    return out;
  }

  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int k = 0; k < line.length(); k++) {
      char c = line.charAt(k);
      if (quoted) {
        if (c == '"' && k + 1 < line.length() && line.charAt(k + 1) == '"') {
          cur.append('"');
          k++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
