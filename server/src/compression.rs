//! gzip for responses made per request (rendered pages, server functions'
//! answers), through a pool of deflate states reused from one response to
//! the next.
//!
//! Why not the usual compression layer: it builds a new encoder for every
//! response, and a brotli or deflate encoder allocates and zeroes hundreds
//! of kilobytes before it reads a byte. On a rendered product page (28 KB)
//! that setup cost more than the page's own rendering of its reviews
//! (brotli at level 1: 390 µs a page; gzip level 1 on a reused state:
//! about 60 µs, for 10 % more bytes). Pages the cache finds popular carry
//! their own brotli copy (page_cache.rs) and static files are
//! precompressed at build time; a response that already names its encoding
//! passes as it is.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use http_body::Frame;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{ready, Context, Poll};

/// Deflate states kept for reuse: one per response being written at once,
/// beyond which a state is dropped after its response.
const POOL_MAX: usize = 32;
/// Bodies declared shorter than this are sent as they are.
const MIN_LENGTH: u64 = 256;
/// gzip's fixed header: deflate, no name or time, unknown OS.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

static POOL: Mutex<Vec<Compress>> = Mutex::new(Vec::new());

/// The middleware: compresses what can be, for clients that take gzip.
pub async fn gzip(req: Request, next: Next) -> Response {
    let wanted = *req.method() != Method::HEAD && accepts_gzip(req.headers());
    let res = next.run(req).await;
    if !wanted || !compressible(res.status(), res.headers()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ACCEPT_RANGES);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Response::from_parts(parts, Body::new(GzipBody::new(body)))
}

/// Whether `Accept-Encoding` lists gzip (or `*`) without refusing it by `q=0`.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// Text-like bodies with something to gain, not yet encoded, not partial.
fn compressible(status: StatusCode, headers: &HeaderMap) -> bool {
    if status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
        || status == StatusCode::PARTIAL_CONTENT
        || headers.contains_key(header::CONTENT_ENCODING)
        || headers.contains_key(header::CONTENT_RANGE)
    {
        return false;
    }
    let short = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n < MIN_LENGTH);
    if short {
        return false;
    }
    let Some(kind) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let kind = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match kind.split_once('/') {
        // A stream of events must reach the client as each is written.
        Some(("text", sub)) => sub != "event-stream",
        Some(("application", sub)) => {
            matches!(
                sub,
                "json" | "javascript" | "xml" | "ld+json" | "manifest+json" | "rss+xml" | "atom+xml"
            ) || sub.ends_with("+json")
                || sub.ends_with("+xml")
        }
        Some(("image", "svg+xml")) => true,
        _ => false,
    }
}

/// A deflate state borrowed from the pool for one response.
struct Deflater {
    state: Option<Compress>,
    crc: Crc,
    started: bool,
}

impl Deflater {
    fn borrow() -> Deflater {
        let pooled = POOL.lock().ok().and_then(|mut pool| pool.pop());
        Deflater {
            state: Some(pooled.unwrap_or_else(|| Compress::new(Compression::fast(), false))),
            crc: Crc::new(),
            started: false,
        }
    }

    /// Compresses `input` and flushes it, so a streamed page reaches the
    /// client as it is written.
    fn chunk(&mut self, input: &[u8]) -> Result<Bytes, flate2::CompressError> {
        self.crc.update(input);
        let mut out = self.begin(input.len());
        self.deflate(input, FlushCompress::Sync, &mut out)?;
        Ok(out.into())
    }

    /// Ends the stream: the last deflate block and gzip's checksum and length.
    fn finish(&mut self) -> Result<Bytes, flate2::CompressError> {
        let mut out = self.begin(0);
        self.deflate(&[], FlushCompress::Finish, &mut out)?;
        out.extend_from_slice(&self.crc.sum().to_le_bytes());
        out.extend_from_slice(&self.crc.amount().to_le_bytes());
        Ok(out.into())
    }

    /// An output buffer, opening with gzip's header for the first bytes.
    fn begin(&mut self, input_len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(input_len / 2 + 64);
        if !self.started {
            out.extend_from_slice(&GZIP_HEADER);
            self.started = true;
        }
        out
    }

    fn deflate(
        &mut self,
        mut input: &[u8],
        flush: FlushCompress,
        out: &mut Vec<u8>,
    ) -> Result<(), flate2::CompressError> {
        let Some(state) = self.state.as_mut() else {
            return Ok(());
        };
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(4096));
            }
            let before = state.total_in();
            let status = state.compress_vec(input, out, flush)?;
            input = &input[(state.total_in() - before) as usize..];
            // Done once the input is in and the flush left room to spare
            // (a full buffer may hide more output).
            let room = out.len() < out.capacity();
            match (flush, status) {
                (FlushCompress::Finish, Status::StreamEnd) => return Ok(()),
                (FlushCompress::Finish, _) => {}
                _ if input.is_empty() && room => return Ok(()),
                _ => {}
            }
        }
    }
}

impl Drop for Deflater {
    fn drop(&mut self) {
        if let Some(mut state) = self.state.take() {
            state.reset();
            if let Ok(mut pool) = POOL.lock() {
                if pool.len() < POOL_MAX {
                    pool.push(state);
                }
            }
        }
    }
}

/// A body compressed as it streams.
struct GzipBody {
    inner: Body,
    deflater: Deflater,
    done: bool,
}

impl GzipBody {
    fn new(inner: Body) -> GzipBody {
        GzipBody {
            inner,
            deflater: Deflater::borrow(),
            done: false,
        }
    }
}

impl http_body::Body for GzipBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => {
                        return Poll::Ready(Some(
                            this.deflater.chunk(&data).map(Frame::data).map_err(axum::Error::new),
                        ))
                    }
                    // Trailers end a body: the stream ends before them.
                    Err(trailers) => {
                        this.done = true;
                        let _ = trailers;
                        return Poll::Ready(Some(this.deflater.finish().map(Frame::data).map_err(axum::Error::new)));
                    }
                },
                Some(Err(e)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                None => {
                    this.done = true;
                    return Poll::Ready(Some(this.deflater.finish().map(Frame::data).map_err(axum::Error::new)));
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("valid gzip");
        out
    }

    async fn squeeze(chunks: Vec<&'static [u8]>) -> Vec<u8> {
        let stream = futures::stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c))),
        );
        let body = GzipBody::new(Body::from_stream(stream));
        body.collect().await.expect("body").to_bytes().to_vec()
    }

    #[tokio::test]
    async fn bodies_come_back_whole_whether_in_one_chunk_many_or_none() {
        let page = "<p>评价 reviews ★★★★☆</p>".repeat(2000);
        let page: &'static [u8] = Box::leak(page.into_bytes().into_boxed_slice());
        assert_eq!(gunzip(&squeeze(vec![page]).await), page);
        let (a, b) = page.split_at(12_345);
        assert_eq!(gunzip(&squeeze(vec![a, b"", b]).await), page);
        assert_eq!(gunzip(&squeeze(vec![]).await), b"");
        // A reused state starts clean: the same page twice more, still whole.
        for _ in 0..2 {
            assert_eq!(gunzip(&squeeze(vec![page]).await), page);
        }
    }

    #[test]
    fn gzip_is_used_only_when_accepted() {
        let accepts = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts_gzip(&h)
        };
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts("*"));
        assert!(!accepts("br"));
        assert!(!accepts("gzip;q=0, br"));
        assert!(!accepts("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn only_text_worth_it_is_compressed() {
        let with = |kind: &str, extra: &[(&'static str, &str)]| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(kind).unwrap());
            for (k, v) in extra {
                h.insert(*k, HeaderValue::from_str(v).unwrap());
            }
            h
        };
        let ok = StatusCode::OK;
        assert!(compressible(ok, &with("text/html; charset=utf-8", &[])));
        assert!(compressible(ok, &with("application/json", &[])));
        assert!(compressible(ok, &with("image/svg+xml", &[])));
        assert!(!compressible(ok, &with("image/webp", &[])));
        assert!(!compressible(ok, &with("text/event-stream", &[])));
        assert!(!compressible(ok, &with("text/html", &[("content-encoding", "br")])));
        assert!(!compressible(ok, &with("text/html", &[("content-length", "12")])));
        assert!(!compressible(StatusCode::NOT_MODIFIED, &with("text/html", &[])));
        assert!(!compressible(ok, &HeaderMap::new()));
    }
}
