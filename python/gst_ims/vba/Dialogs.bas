Attribute VB_Name = "Dialogs"
' File and folder pickers, kept apart from the jobs so that tests can replace them.
' Every picker returns "" when the user cancels.
Option Explicit

' Picked paths are joined with a line feed: no Windows or macOS path holds one.
Private Const PATH_SEPARATOR As String = vbLf

' One or more IMS JSON (or .zip) files.
Public Function PickImsFiles() As String
    Dim picked As Variant
    Dim index As Long
    Dim joined As String
    picked = Application.GetOpenFilename( _
        FileFilter:="IMS JSON (*.json;*.zip),*.json;*.zip", _
        Title:="Pick the IMS JSON file(s) downloaded from the GST portal", _
        MultiSelect:=True)
    If Not IsArray(picked) Then Exit Function
    For index = LBound(picked) To UBound(picked)
        If Len(joined) > 0 Then joined = joined & PATH_SEPARATOR
        joined = joined & CStr(picked(index))
    Next index
    PickImsFiles = joined
End Function

' One or more error files the portal gave back after an upload.
Public Function PickErrorFiles() As String
    Dim picked As Variant
    Dim index As Long
    Dim joined As String
    picked = Application.GetOpenFilename( _
        FileFilter:="Portal error file (*.json),*.json", _
        Title:="Pick the error file(s) the GST portal gave back after the upload", _
        MultiSelect:=True)
    If Not IsArray(picked) Then Exit Function
    For index = LBound(picked) To UBound(picked)
        If Len(joined) > 0 Then joined = joined & PATH_SEPARATOR
        joined = joined & CStr(picked(index))
    Next index
    PickErrorFiles = joined
End Function

' One purchase register file.
Public Function PickRegisterFile() As String
    Dim picked As Variant
    picked = Application.GetOpenFilename( _
        FileFilter:="Purchase register (*.xlsx;*.xlsm;*.xls;*.csv),*.xlsx;*.xlsm;*.xls;*.csv", _
        Title:="Pick your purchase register")
    If VarType(picked) = vbBoolean Then Exit Function
    PickRegisterFile = CStr(picked)
End Function

' A folder for the upload JSON.
Public Function PickFolder() As String
    Const msoFileDialogFolderPicker As Long = 4
    With Application.FileDialog(msoFileDialogFolderPicker)
        .Title = "Pick the folder for the upload JSON"
        .AllowMultiSelect = False
        If .Show = -1 Then PickFolder = .SelectedItems(1)
    End With
End Function
