#![no_main]
//! Fuzz target `scoring`: see `jobmatch_fuzz::scoring`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobmatch_fuzz::scoring(data));
