#![no_main]
//! Fuzz target `checks`: see `jobmatch_fuzz::checks`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobmatch_fuzz::checks(data));
