//! JavaScript number text (B §4.1, §4.12, D7): `Number#toString` (shortest round-trip, `1e+21`,
//! `-0` as `0`), `toFixed` (ties away from zero on the exact binary value), radix output, and
//! the string-to-number conversions `Number(s)`, `parseFloat`, `parseInt`.

/// JavaScript `Number#toString()` of `x`: `15`, `2.5`, `0.30000000000000004`, `1e+21`,
/// `1e-7`, `-0` as `0`, `NaN`, `Infinity`, `-Infinity`.
pub fn number_to_string(x: f64) -> String {
    let mut buf = ryu_js::Buffer::new();
    buf.format(x).to_string()
}

/// Appends [`number_to_string`] of `x` to `out`.
pub fn write_number(out: &mut String, x: f64) {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        // Integers print without a fraction; itoa-style fast path (also maps -0 to 0).
        let i = x as i64;
        let mut buf = [0u8; 20];
        let mut pos = buf.len();
        let mut n = i.unsigned_abs();
        loop {
            pos -= 1;
            if let Some(slot) = buf.get_mut(pos) {
                *slot = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if i < 0 {
            out.push('-');
        }
        out.push_str(std::str::from_utf8(buf.get(pos..).unwrap_or_default()).unwrap_or("0"));
        return;
    }
    let mut buf = ryu_js::Buffer::new();
    out.push_str(buf.format(x));
}

/// JavaScript `x.toFixed(digits)` (digits clamped to 0..=100): the exact binary value rounded
/// half away from zero, e.g. `(1.005).toFixed(2)` is `1.00` (1.005 is below the tie) and
/// `(2.5).toFixed(0)` is `3`. Values of magnitude ≥ 1e21 use `toString`.
pub fn to_fixed(x: f64, digits: u32) -> String {
    let mut buf = ryu_js::Buffer::new();
    let d = u8::try_from(digits.min(100)).unwrap_or(100);
    buf.format_to_fixed(x, d).to_string()
}

/// The reference's percentage text of a confidence: `(c*100).toFixed(1) + "%"`, e.g. `85.0%`.
pub fn percent(c: f64) -> String {
    let mut s = to_fixed(c * 100.0, 1);
    s.push('%');
    s
}

/// JavaScript `x.toString(radix)` for radix 2..=36 (radix 10 is [`number_to_string`]).
/// Fractional parts are written to at most 52 digits.
pub fn to_radix_string(x: f64, radix: u32) -> String {
    if radix == 10 || !(2..=36).contains(&radix) || !x.is_finite() {
        return number_to_string(x);
    }
    let negative = x < 0.0;
    let mut v = x.abs();
    let mut int_part = v.trunc();
    v -= int_part;
    let r = f64::from(radix);
    let mut digits = Vec::new();
    if int_part == 0.0 {
        digits.push(b'0');
    }
    while int_part >= 1.0 {
        let d = (int_part % r) as u32;
        digits.push(digit_char(d));
        int_part = (int_part / r).trunc();
    }
    digits.reverse();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&digits).unwrap_or("0"));
    if v > 0.0 {
        out.push('.');
        let mut count = 0;
        while v > 0.0 && count < 52 {
            v *= r;
            let d = v.trunc();
            out.push(char::from(digit_char(d as u32)));
            v -= d;
            count += 1;
        }
    }
    out
}

fn digit_char(d: u32) -> u8 {
    match char::from_digit(d, 36) {
        Some(c) => c as u8,
        None => b'0',
    }
}

/// JavaScript white space and line terminators (what `trim` and number parsing skip).
pub fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{A}' | '\u{B}' | '\u{C}' | '\u{D}' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Length in bytes of the longest prefix of `s` that is a JavaScript StrDecimalLiteral
/// (`[+-]? (Infinity | digits [. digits] | . digits) ([eE] [+-]? digits)?`), 0 if none.
fn decimal_prefix_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    if s.get(i..).is_some_and(|t| t.starts_with("Infinity")) {
        return i + "Infinity".len();
    }
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut digits = i - int_start;
    if b.get(i) == Some(&b'.') {
        let frac_start = i + 1;
        let mut j = frac_start;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if digits > 0 || j > frac_start {
            digits += j - frac_start;
            i = j;
        }
    }
    if digits == 0 {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_start = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    i
}

fn parse_decimal(lit: &str) -> f64 {
    let (neg, body) = match lit.as_bytes().first() {
        Some(b'-') => (true, lit.get(1..).unwrap_or_default()),
        Some(b'+') => (false, lit.get(1..).unwrap_or_default()),
        _ => (false, lit),
    };
    let v =
        if body == "Infinity" { f64::INFINITY } else { body.parse::<f64>().unwrap_or(f64::NAN) };
    if neg { -v } else { v }
}

/// JavaScript `parseFloat(s)`: skips leading white space, reads the longest decimal prefix
/// (`"3.14abc"` is 3.14, `"5abc"` is 5), NaN if there is none.
pub fn parse_float(s: &str) -> f64 {
    let t = s.trim_start_matches(is_js_whitespace);
    let n = decimal_prefix_len(t);
    if n == 0 { f64::NAN } else { parse_decimal(t.get(..n).unwrap_or_default()) }
}

/// JavaScript `Number(s)` for a string: white space trimmed, empty is 0, `0x`/`0o`/`0b`
/// integers, `Infinity`, otherwise the whole text must be a decimal literal (else NaN).
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_whitespace);
    if t.is_empty() {
        return 0.0;
    }
    let lower_prefix = t.get(..2).map(str::to_ascii_lowercase);
    let radix = match lower_prefix.as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 0,
    };
    if radix != 0 {
        let digits = t.get(2..).unwrap_or_default();
        if digits.is_empty() {
            return f64::NAN;
        }
        let mut v = 0.0;
        for c in digits.chars() {
            match c.to_digit(radix) {
                Some(d) => v = v * f64::from(radix) + f64::from(d),
                None => return f64::NAN,
            }
        }
        return v;
    }
    if decimal_prefix_len(t) == t.len() { parse_decimal(t) } else { f64::NAN }
}

/// JavaScript `parseInt(s, radix)`: optional sign, radix 2..=36 (0 or absent means 10, or 16
/// with a `0x` prefix), digits up to the first invalid one; NaN if none.
pub fn parse_int(s: &str, radix: Option<f64>) -> f64 {
    let t = s.trim_start_matches(is_js_whitespace);
    let (neg, mut body) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or_default()),
        Some(b'+') => (false, t.get(1..).unwrap_or_default()),
        _ => (false, t),
    };
    let mut r = match radix {
        Some(x) if x.is_finite() => (x.trunc() as i64 as i32) as i64,
        _ => 0,
    };
    let mut strip_hex = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return f64::NAN;
        }
        if r != 16 {
            strip_hex = false;
        }
    } else {
        r = 10;
    }
    if strip_hex && (body.starts_with("0x") || body.starts_with("0X")) {
        body = body.get(2..).unwrap_or_default();
        r = 16;
    }
    let radix = u32::try_from(r).unwrap_or(10);
    let end = body.find(|c: char| c.to_digit(radix).is_none()).unwrap_or(body.len());
    let digits = body.get(..end).unwrap_or_default();
    if digits.is_empty() {
        return f64::NAN;
    }
    let v = if radix == 10 {
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        digits
            .chars()
            .fold(0.0, |acc, c| acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0)))
    };
    if neg { -v } else { v }
}
