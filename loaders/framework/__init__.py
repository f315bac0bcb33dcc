"""The one loader framework every kind of file is built on.

- ``base``: a file to load (``Source``), what is wrong with it (``Problem``, ``FileRefused``), what a load changed
  (``Changes``) and what every kind of file is (``LoaderKind``);
- ``limits`` (how big a file may be, checked before it is read), ``stream`` (the one workbook reader: sheets
  streamed from the zip) and ``readers`` (CSV files and workbooks as raw tables; what no kind could read, refused
  with its own message); ``recognition`` (the closest kind, for a file no kind recognises);
- ``schema``: declared columns and tables (``Column``, ``TableSpec``), ``validate`` and ``convert``;
- ``tables``: how a kind declares the tables it stores (``StoredTable``, ``Reference``) and how one is read;
  ``store``: the one engine that checks them against the database and writes them, newest wins, in the load's
  transaction; ``kind``: ``TableKind``, a kind of file made of declared tables (most kinds are one);
- ``compare`` (the one ``same``, the one month normaliser, the one newest-per-key query), ``authorities`` (the one
  authority look-up, and registering councils), ``bulk`` (fast inserts), ``templates`` and ``workbook`` (helpers
  of the workbook kinds).

Nothing here knows a kind of file: the kinds (``loaders.kinds``) build on it, never the other way round.
"""
