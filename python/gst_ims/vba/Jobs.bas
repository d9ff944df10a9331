Attribute VB_Name = "Jobs"
' The jobs a user runs from the Home buttons and the GST IMS ribbon tab.
'
' Each job puts what the user picked into a named cell, then hands over to Python through
' RunJob (xlwings' RunPython). A path never goes inside the RunPython text: on Windows that
' text passes through cmd.exe, where %, &, ^ and " in a folder name would break it.
' Cancelling a picker does nothing at all. The jobs do not save the workbook: the user
' saves it, as after any edit in Excel.
Option Explicit

' Step 1: read the IMS JSON downloaded from the GST portal (or a GSP) into the IMS sheet.
Public Sub ImportIMS()
    Dim picked As String
    picked = PickImsFiles()
    If Len(picked) = 0 Then Exit Sub
    SetNamedCell "Picked_IMS_Files", picked
    RunJob "import gst_ims.excel as x; x.import_ims()"
End Sub

' Read a purchase register file (.xlsx, .xlsm, .xls, .csv) into the Books sheet.
Public Sub ImportRegister()
    Dim picked As String
    picked = PickRegisterFile()
    If Len(picked) = 0 Then Exit Sub
    SetNamedCell "Picked_Register_File", picked
    RunJob "import gst_ims.excel as x; x.import_books()"
End Sub

' Step 2: match the IMS sheet against the Books sheet into the four result sheets.
Public Sub Reconcile()
    RunJob "import gst_ims.excel as x; x.reconcile()"
End Sub

' Set Action to Accept on every row of the Matched sheet.
Public Sub AcceptMatched()
    RunJob "import gst_ims.excel as x; x.accept_matched()"
End Sub

' Step 3: write the upload JSON from the chosen actions. Asks for the output folder the
' first time (it is kept on the Settings sheet).
Public Sub ExportUpload()
    Dim folder As String
    folder = NamedCellText("Setting_output_folder")
    If Len(folder) = 0 Then
        folder = PickFolder()
        If Len(folder) = 0 Then Exit Sub
        SetNamedCell "Setting_output_folder", folder
    End If
    RunJob "import gst_ims.excel as x; x.export_upload()"
End Sub

' Check the set-up: Python, xlwings, the interpreter Excel uses, where the workbook is.
Public Sub CheckSetup()
    RunJob "import gst_ims.excel as x; x.check_setup()"
End Sub

' Hand a job to Python. A pasted interpreter path loses its quotes first (xlwings would
' answer "Could not find Interpreter!"), and Excel's calculation, events, screen updating
' and status bar are as before afterwards, even if Python stopped without restoring them.
Private Sub RunJob(ByVal command As String)
    Dim calculationMode As Long
    Dim eventsOn As Boolean
    TidyInterpreterSetting
    calculationMode = Application.Calculation
    eventsOn = Application.EnableEvents
    RunPython command
    If Application.Calculation <> calculationMode Then Application.Calculation = calculationMode
    Application.EnableEvents = eventsOn
    Application.ScreenUpdating = True
    Application.StatusBar = False
End Sub

' Strip quotes and spaces around an interpreter path typed on the xlwings.conf sheet
' (Windows' "Copy as path" adds the quotes). xlwings reads the keys from A1 down to the
' first blank cell.
Private Sub TidyInterpreterSetting()
    Dim conf As Worksheet
    Dim sheet As Worksheet
    Dim row As Long
    Dim key As String
    Dim pasted As String
    Dim tidy As String
    For Each sheet In ThisWorkbook.Worksheets
        If sheet.Name = "xlwings.conf" Then Set conf = sheet
    Next sheet
    If conf Is Nothing Then Exit Sub
    For row = 1 To 100
        key = UCase$(Trim$(CStr(conf.Cells(row, 1).Value)))
        If Len(key) = 0 Then Exit For
        If key = "INTERPRETER_WIN" Or key = "INTERPRETER_MAC" Or key = "INTERPRETER" Then
            pasted = CStr(conf.Cells(row, 2).Value)
            tidy = Trim$(pasted)
            If Len(tidy) >= 2 And Left$(tidy, 1) = Chr(34) And Right$(tidy, 1) = Chr(34) Then
                tidy = Trim$(Mid$(tidy, 2, Len(tidy) - 2))
            End If
            If tidy <> pasted Then conf.Cells(row, 2).Value = tidy
        End If
    Next row
End Sub

' Put a value into the single cell a workbook name points at.
Private Sub SetNamedCell(ByVal cellName As String, ByVal value As String)
    ThisWorkbook.Names(cellName).RefersToRange.Value = value
End Sub

' The text of the single cell a workbook name points at ("" when empty).
Private Function NamedCellText(ByVal cellName As String) As String
    NamedCellText = Trim$(CStr(ThisWorkbook.Names(cellName).RefersToRange.Value))
End Function
