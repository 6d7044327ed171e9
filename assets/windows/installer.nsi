; mailwiz installer for Windows (NSIS 3, built on Linux by scripts/windows.sh with Debian's makensis).
; Per-user: installs into %LOCALAPPDATA%\Programs\mailwiz without administrator rights, adds a
; Start-menu shortcut named in the installer's language and an entry in "Apps & features"
; (HKCU), and supports silent mode: setup.exe /S, uninstall.exe /S.
; makensis gets -DVERSION=… -DSTAGE=<dir with mailwiz.exe, mailwiz.com, licences> -DOUTFILE=….
Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"

!define APPNAME "mailwiz"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\mailwiz"

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\mailwiz"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "mailwiz"
VIAddVersionKey /LANG=0 "CompanyName" "mailwiz"
VIAddVersionKey /LANG=0 "FileDescription" "mailwiz setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "mailwiz developers, MIT OR Apache-2.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\mailwiz.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The installer speaks the language of Windows' display language when it is one of these.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "TradChinese"

LangString SHORTCUT ${LANG_ENGLISH} "mailwiz - Mail setup"
LangString SHORTCUT ${LANG_SIMPCHINESE} "mailwiz 邮箱设置向导"
LangString SHORTCUT ${LANG_TRADCHINESE} "mailwiz 郵件設定精靈"

Section "mailwiz" SecMain
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}\mailwiz.exe"
  File "${STAGE}\mailwiz.com"
  File "${STAGE}\README.txt"
  File "${STAGE}\LICENSE-OFL.txt"
  File "${STAGE}\LICENSE-MPL-ISPDB.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; The shortcut's own name is kept so the uninstaller removes it whatever language it runs in.
  CreateShortCut "$SMPROGRAMS\$(SHORTCUT).lnk" "$INSTDIR\mailwiz.exe" "" "$INSTDIR\mailwiz.exe" 0
  WriteRegStr HKCU "${UNINSTKEY}" "ShortcutName" "$(SHORTCUT).lnk"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "mailwiz"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "mailwiz"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\mailwiz.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ReadRegStr $0 HKCU "${UNINSTKEY}" "ShortcutName"
  StrCmp $0 "" +2
  Delete "$SMPROGRAMS\$0"
  Delete "$INSTDIR\mailwiz.exe"
  Delete "$INSTDIR\mailwiz.com"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\LICENSE-OFL.txt"
  Delete "$INSTDIR\LICENSE-MPL-ISPDB.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  ; The wizard's remembered answers (never the code: that lives in Credential Manager and is
  ; removed from the wizard's "forget" button).
  RMDir /r "$APPDATA\mailwiz\data"
  RMDir "$APPDATA\mailwiz"
SectionEnd
