/// Pearson's product-moment correlation of two equally long samples: nil when they differ in length, have
/// fewer than two values, or either has zero variance.
public func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double? {
    guard x.count == y.count, x.count >= 2 else { return nil }
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n
    let meanY = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
        let dx = x[i] - meanX, dy = y[i] - meanY
        sxy += dx * dy
        sxx += dx * dx
        syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
}
