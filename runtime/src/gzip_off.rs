//! Without feature `gzip`: answers are not asked for compressed, and none is inflated (an
//! answer compressed anyway reaches the decoders as it came).

use std::io;

/// Never built without the feature.
pub(crate) enum Inflater {}

impl Inflater {
    pub(crate) fn feed(&mut self, _chunk: &[u8]) {
        match *self {}
    }

    pub(crate) fn next_piece(&mut self) -> io::Result<Option<Vec<u8>>> {
        match *self {}
    }

    pub(crate) fn finish(&self) -> io::Result<()> {
        match *self {}
    }
}

/// No `Accept-Encoding`.
pub(crate) const ACCEPT_ENCODING: Option<&str> = None;

/// No inflater, whatever the answer's encoding.
pub(crate) fn for_answer(_encoding: Option<&str>) -> Option<Inflater> {
    None
}
