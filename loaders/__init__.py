"""Loaders: files in, validated, into the database.

``framework/`` is the one loader framework (table specs, readers, validation, comparison, the newest-wins store,
templates); ``kinds/`` holds one module per kind of file, each declaring its tables on it; ``registry`` lists the
kinds; ``run`` loads one file, ``report`` several (for the Data page), ``__main__`` is the command line, ``seed``
stores the demo programme through the same store, ``demo_files`` writes it as files and ``templates`` writes the
blank templates.
"""
