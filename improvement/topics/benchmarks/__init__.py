"""Benchmarks: the council's published DfE figures beside England, its region and its statistical neighbours, and
where its own figures differ from what DfE published.
"""
