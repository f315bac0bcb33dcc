"""The adviser's RAG ratings per priority area over time, and the honesty check of each rating against the measures'
evidence.
"""
