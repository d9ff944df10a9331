Attribute VB_Name = "Launch"
' How a job reaches Python: every job macro calls RunJob, the one place that calls xlwings'
' RunPython. The jobs do not save the workbook: the user saves it, as after any edit.
Option Explicit

' Hand a job to Python. A pasted interpreter path loses its quotes first (xlwings would
' answer "Could not find Interpreter!"), and Excel's calculation, events, screen updating
' and status bar are as before afterwards, even if Python stopped without restoring them.
Public Sub RunJob(ByVal command As String)
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
