Attribute VB_Name = "Ribbon"
' Callbacks of the GST IMS ribbon tab (customUI14.xml). Each one runs the same macro as the
' Home button of that name, so a job is written once. Calls are unqualified (the names
' are unique in the project) so that pyOpenVBA's interpreter can run them in tests.
Option Explicit

Public Sub OnImportIMS(control As IRibbonControl)
    ImportIMS
End Sub

Public Sub OnImportRegister(control As IRibbonControl)
    ImportRegister
End Sub

Public Sub OnReconcile(control As IRibbonControl)
    Reconcile
End Sub

Public Sub OnAcceptMatched(control As IRibbonControl)
    AcceptMatched
End Sub

Public Sub OnConfirmSuggestions(control As IRibbonControl)
    ConfirmSuggestions
End Sub

Public Sub OnExportUpload(control As IRibbonControl)
    ExportUpload
End Sub

Public Sub OnImportErrors(control As IRibbonControl)
    ImportErrors
End Sub

Public Sub OnSupplierLetters(control As IRibbonControl)
    SupplierLetters
End Sub

Public Sub OnCheckSetup(control As IRibbonControl)
    CheckSetup
End Sub

Public Sub OnSettings(control As IRibbonControl)
    ThisWorkbook.Worksheets("Settings").Activate
End Sub

Public Sub OnHelp(control As IRibbonControl)
    ThisWorkbook.Worksheets("Home").Activate
    MsgBox "Each month, between the 14th and the 20th:" & vbLf & vbLf & _
        "1. Import IMS JSON: the file from the portal (IMS > Offline > Download JSON)." & vbLf & _
        "2. Paste your purchase register into the Books sheet (or Import register), " & _
        "then Reconcile." & vbLf & _
        "3. Review Mismatched and Not in Books; choose an Action in each row and add " & _
        "Remarks for Reject and Pending." & vbLf & _
        "4. Export upload JSON, then upload it on the portal (IMS > Offline > Upload JSON)." & _
        vbLf & "5. If the portal gives back an error file: Import portal errors, fix the red " & _
        "rows, and export only the rows that failed." & _
        vbLf & vbLf & "Problems found in your files are listed on the Log sheet. The " & _
        "buttons do not save the workbook: save it yourself (Ctrl+S).", _
        vbInformation, "GST IMS Reconciler"
End Sub
