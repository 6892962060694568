"""Import an existing plan or report document (.docx, .txt, .md; .doc/.wps/.odt via LibreOffice) into the YAML contract."""
