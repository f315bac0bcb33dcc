"""Signal or noise: each measure's monthly figures as an XmR statistical process control chart (``improvement.spc``,
NHS England's "Making Data Count" rules), its variation and assurance icons, and which measures show special-cause
improvement or concern now.
"""
