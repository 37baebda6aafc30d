#![no_main]
//! Fuzz target `records`: see `jobmatch_fuzz::records`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobmatch_fuzz::records(data));
