; Thi đua – Khen thưởng: the Windows installer around the PyInstaller folder
; (the way MusicBrainz Picard's picard-setup.nsi wraps its bundle).
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSOURCE_DIR=... -DOUTFILE=... -DICON=... installer.nsi
; Per user, no administrator rights. The data folder (%LOCALAPPDATA%\ThiDuaKhenThuong,
; with its backups) is never touched: uninstalling or upgrading removes only our files.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma

!define PRODUCT_NAME "Thi đua – Khen thưởng"
!define APP_ID "ThiDuaKhenThuong"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define GUI_EXE "thidua-desktop.exe"

Name "${PRODUCT_NAME} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "Software\${APP_ID}" "InstallDir"
ShowInstDetails show
BrandingText " "

!include "MUI2.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "MIT"

; Our program files only: an upgrade first clears the old version's libraries so no
; stale file mixes with the new ones; nothing else in the folder is removed.
!macro RemoveProgramFiles
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\thidua-desktop.exe"
  Delete "$INSTDIR\thidua.exe"
!macroend

Section "!Chương trình ${PRODUCT_NAME}" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  !insertmacro RemoveProgramFiles
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  CreateShortCut "$SMPROGRAMS\${PRODUCT_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

Section "Biểu tượng trên màn hình nền" SecDesktop
  CreateShortCut "$DESKTOP\${PRODUCT_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "Chương trình và biểu tượng trong menu Start."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "Thêm biểu tượng “${PRODUCT_NAME}” ra màn hình nền."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  !insertmacro RemoveProgramFiles
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty: a "data" folder someone kept here stays
  Delete "$SMPROGRAMS\${PRODUCT_NAME}.lnk"
  Delete "$DESKTOP\${PRODUCT_NAME}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP_ID}"
  DetailPrint "Dữ liệu và các bản sao lưu vẫn được giữ nguyên trong $LOCALAPPDATA\${APP_ID}."
SectionEnd
