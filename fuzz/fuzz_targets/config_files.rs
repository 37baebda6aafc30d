#![no_main]
//! Fuzz target `config_files`: see `jobmatch_fuzz::config_files`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobmatch_fuzz::config_files(data));
