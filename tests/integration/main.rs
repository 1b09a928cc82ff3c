//! Runs the real `dgs` binary.
