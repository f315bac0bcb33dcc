"""What the tests share: the test environment, the app under AppTest and in a browser, databases, loading files, the
real public data and the factories of test files. Test modules import from here, never from one another."""
