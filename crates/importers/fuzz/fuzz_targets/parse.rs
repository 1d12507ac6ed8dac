//! `cargo fuzz run parse` (from crates/importers): detection plus every parser on arbitrary
//! bytes. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vulnbridge_importers::{parse, parse_as, Format};

fuzz_target!(|data: &[u8]| {
    let _ = parse(data);
    for format in Format::ALL {
        let _ = parse_as(format, data);
    }
});
