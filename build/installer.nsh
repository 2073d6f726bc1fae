; Included by electron-builder's NSIS installer (nsis.include defaults to build/installer.nsh).
; Registers Twofold as this user's handler of otpauth:// links at install time (the
; installer is per-user, so SHELL_CONTEXT is HKCU), and removes the registration on
; uninstall unless it is an update or another program has taken the links over since.
; It also registers the browser host for Chrome, Chromium, Edge, Brave and Firefox: the
; macros are generated into build/browser-host/ (electron-builder.ts, beforePack) from the
; app's own manifest builder.

!include "${BUILD_RESOURCES_DIR}/browser-host/browser-host.nsh"

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\otpauth" "" "URL:OTP authentication link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\otpauth" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\otpauth\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\otpauth\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  !insertmacro twofoldBrowserHostInstall
!macroend

!macro customUnInstall
  ${ifNot} ${isUpdated}
    ReadRegStr $0 SHELL_CONTEXT "Software\Classes\otpauth\shell\open\command" ""
    ${if} $0 == '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
      DeleteRegKey SHELL_CONTEXT "Software\Classes\otpauth"
    ${endIf}
    !insertmacro twofoldBrowserHostUnInstall
  ${endIf}
!macroend
