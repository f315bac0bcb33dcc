"""The reporting rhythm: when the adviser reported, when the next report is due (at least every six weeks), and board
meetings.
"""
