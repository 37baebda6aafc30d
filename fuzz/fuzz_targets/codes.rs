#![no_main]
//! Fuzz target `codes`: see `jobmatch_fuzz::codes`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobmatch_fuzz::codes(data));
