@echo off
rem Installs the GST IMS Reconciler for the Windows user who runs it: no administrator
rem rights, nothing downloaded (every package is in the wheelhouse folder beside this
rem file, so it works behind a proxy). It makes a private Python environment under
rem %LOCALAPPDATA%\GST_IMS_Reconciler, installs gst-ims into it, and runs
rem "gst-ims setup-excel", which tells xlwings (for this user) to use that Python and
rem says what else to do.
setlocal EnableExtensions
set "HERE=%~dp0"
set "TARGET=%LOCALAPPDATA%\GST_IMS_Reconciler"
set "VENV=%TARGET%\venv"

if not exist "%HERE%wheelhouse\" (
  echo The wheelhouse folder is not next to install.cmd.
  echo Extract the whole zip first ^(right-click the zip ^> Extract All^), then run
  echo install.cmd from the extracted folder.
  goto failed
)

set "PY="
for %%V in (3.13 3.12 3.11) do (
  if not defined PY (
    py -%%V -c "import sys" >nul 2>nul && set "PY=py -%%V"
  )
)
if not defined PY (
  python -c "import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)" >nul 2>nul && set "PY=python"
)
if not defined PY (
  echo No Python 3.11, 3.12 or 3.13 was found on this PC.
  echo Install Python 3.13 from python.org ^(choose "Install for me only": no
  echo administrator rights are needed^), or ask IT for it, then run install.cmd again.
  goto failed
)

echo Using %PY% to make "%VENV%"
%PY% -m venv "%VENV%" || goto failed
"%VENV%\Scripts\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%HERE%wheelhouse" --upgrade gst-ims || goto failed
"%VENV%\Scripts\gst-ims.exe" setup-excel --workbook "%HERE%GST_IMS_Reconciler.xlsm"
echo.
echo Done. Read the steps above, then open the workbook.
pause
exit /b 0

:failed
echo.
echo The installation did not finish. Nothing outside "%TARGET%" was changed.
pause
exit /b 1
