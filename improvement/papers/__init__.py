"""Papers for the board and DfE, built from the topic views: the submitted report as a workbook (the upload
format) and the board paper as a Word document; ``python -m improvement.papers`` writes either."""
