@echo off
rem sv2 launcher for Windows: runs lib\sv2.jar with %JAVA_HOME%\bin\java.exe when JAVA_HOME is set,
rem else with the java on PATH (any JDK or JRE 17 or newer). JVM options: SV2_OPTS (or JAVA_OPTS).
setlocal
set "SV2_HOME=%~dp0.."
set "JAVA_EXE=java"
if not defined JAVA_HOME goto run
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto run
echo sv2: JAVA_HOME is set to "%JAVA_HOME%", but "%JAVA_EXE%" does not exist; point it at a JDK 17 or newer, or unset it to use the java on PATH 1>&2
exit /b 1
:run
if not defined SV2_OPTS set "SV2_OPTS=%JAVA_OPTS%"
"%JAVA_EXE%" %SV2_OPTS% -jar "%SV2_HOME%\lib\sv2.jar" %*
exit /b %ERRORLEVEL%
