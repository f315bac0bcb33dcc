"""The kinds of file, one module each, each declaring its tables on the framework (``loaders.framework``).

No kind imports another: what two kinds share lives in the framework. ``loaders.registry`` lists them.
"""
