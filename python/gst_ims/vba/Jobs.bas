Attribute VB_Name = "Jobs"
' The jobs a user runs from the Home buttons and the GST IMS ribbon tab.
'
' Each job puts what the user picked into a named cell, then hands over to Python through
' xlwings' RunPython (by way of RunJob, in Launch). A path never goes inside the RunPython
' text: on Windows that text passes through cmd.exe, where %, &, ^ and " in a folder name
' would break it. Cancelling a picker does nothing at all.
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

' Turn the suggestions left ticked on the Suggested sheet into pairs (Matched by you),
' then reconcile again.
Public Sub ConfirmSuggestions()
    RunJob "import gst_ims.excel as x; x.confirm_suggestions()"
End Sub

' Step 3: write the upload JSON from the chosen actions. Asks for the output folder the
' first time (it is kept on the Settings sheet).
Public Sub ExportUpload()
    If Not HaveOutputFolder() Then Exit Sub
    RunJob "import gst_ims.excel as x; x.export_upload()"
End Sub

' Check the set-up: Python, xlwings, the interpreter Excel uses, where the workbook is.
Public Sub CheckSetup()
    RunJob "import gst_ims.excel as x; x.check_setup()"
End Sub

' After an upload: read the error file(s) the portal (or a GSP) gave back, and show each
' refused document on its row (Upload Status, red) and on the Log.
Public Sub ImportErrors()
    Dim picked As String
    picked = PickErrorFiles()
    If Len(picked) = 0 Then Exit Sub
    SetNamedCell "Picked_Error_Files", picked
    RunJob "import gst_ims.excel as x; x.import_errors()"
End Sub

' After reconciling: one file per supplier with documents to follow up, and letters.csv
' for a mail merge, in a "Supplier letters" folder of the output folder (asked for the
' first time, as for the export).
Public Sub SupplierLetters()
    If Not HaveOutputFolder() Then Exit Sub
    RunJob "import gst_ims.excel as x; x.supplier_letters()"
End Sub

' True when Settings holds an output folder, asking for one (and keeping it there) the
' first time; False when the user cancels the folder picker.
Private Function HaveOutputFolder() As Boolean
    Dim folder As String
    folder = NamedCellText("Setting_output_folder")
    If Len(folder) = 0 Then
        folder = PickFolder()
        If Len(folder) = 0 Then Exit Function
        SetNamedCell "Setting_output_folder", folder
    End If
    HaveOutputFolder = True
End Function

' Put a value into the single cell a workbook name points at.
Private Sub SetNamedCell(ByVal cellName As String, ByVal value As String)
    ThisWorkbook.Names(cellName).RefersToRange.Value = value
End Sub

' The text of the single cell a workbook name points at ("" when empty).
Private Function NamedCellText(ByVal cellName As String) As String
    NamedCellText = Trim$(CStr(ThisWorkbook.Names(cellName).RefersToRange.Value))
End Function
