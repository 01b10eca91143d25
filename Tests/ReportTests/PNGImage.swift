import CZlib
import Foundation

/// An 8-bit RGB or RGBA PNG decoded to pixels (zlib inflates, the row filters are undone here): enough to tell a
/// screenshot that shows something from a blank one.
struct PNGImage {
    struct Failure: Error, CustomStringConvertible { var description: String }

    var width: Int
    var height: Int
    /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
    var channels: Int
    var pixels: [UInt8]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read \(path)") }
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw Failure(description: "\(path) is not a PNG")
        }
        var offset = 8, idat: [UInt8] = []
        var w = 0, h = 0, colourType = 0, depth = 0, interlace = 0
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        while offset + 8 <= bytes.count {
            let length = be32(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let body = offset + 8
            guard body + length <= bytes.count else { break }
            switch type {
            case "IHDR":
                w = be32(body); h = be32(body + 4)
                depth = Int(bytes[body + 8]); colourType = Int(bytes[body + 9]); interlace = Int(bytes[body + 12])
            case "IDAT": idat += bytes[body..<body + length]
            default: break
            }
            offset = body + length + 4
        }
        guard depth == 8, colourType == 2 || colourType == 6, interlace == 0, w > 0, h > 0 else {
            throw Failure(description: "\(path): only 8-bit RGB/RGBA non-interlaced PNGs are read (depth \(depth), colour type \(colourType))")
        }
        channels = colourType == 6 ? 4 : 3
        width = w
        height = h
        let stride = w * channels
        var raw = [UInt8](repeating: 0, count: (stride + 1) * h)
        var size = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { input in uncompress(out.baseAddress, &size, input.baseAddress, uLong(input.count)) }
        }
        guard status == Z_OK, Int(size) == raw.count else { throw Failure(description: "\(path): zlib status \(status)") }
        var pixels = [UInt8](repeating: 0, count: stride * h)
        let bpp = channels
        for y in 0..<h {
            let filter = raw[y * (stride + 1)], line = y * (stride + 1) + 1, row = y * stride
            for x in 0..<stride {
                let a = x >= bpp ? Int(pixels[row + x - bpp]) : 0
                let b = y > 0 ? Int(pixels[row - stride + x]) : 0
                let c = x >= bpp && y > 0 ? Int(pixels[row - stride + x - bpp]) : 0
                let v = Int(raw[line + x])
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Failure(description: "\(path): unknown PNG filter \(filter)")
                }
                pixels[row + x] = UInt8((v + predicted) & 0xFF)
            }
        }
        self.pixels = pixels
    }

    /// The share of pixels that differ from the most common colour (the background), and how many colours
    /// there are (RGB, counted on every pixel).
    func contentStatistics() -> (foreground: Double, colours: Int) {
        var counts: [UInt32: Int] = [:]
        for i in stride(from: 0, to: pixels.count, by: channels) {
            let key = UInt32(pixels[i]) << 16 | UInt32(pixels[i + 1]) << 8 | UInt32(pixels[i + 2])
            counts[key, default: 0] += 1
        }
        let total = width * height, background = counts.values.max() ?? total
        return (Double(total - background) / Double(total), counts.count)
    }
}
