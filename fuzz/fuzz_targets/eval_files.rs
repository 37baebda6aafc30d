#![no_main]
//! Fuzz target `eval_files`: see `jobmatch_fuzz::eval_files`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobmatch_fuzz::eval_files(data));
