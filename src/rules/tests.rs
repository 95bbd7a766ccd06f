//! Rule tests (filled in by the test suite).
