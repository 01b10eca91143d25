import Foundation

/// Response bodies in each provider's documented format.
enum Fixtures {
    /// `limit` daily klines from 2024-01-01 in Binance's 12-field layout, prices quoted as strings with 8
    /// decimals as Binance sends them. Bar i: open 40000 + 100·i, close open + 50·(−1)^i, high max + 75,
    /// low min − 60, volume 1000 + 3·i.
    static func binanceKlines(limit: Int) -> String {
        let dayMs: Int64 = 86_400_000
        let start: Int64 = 1_704_067_200_000  // 2024-01-01T00:00:00Z
        let rows = (0..<limit).map { i -> String in
            let open = 40_000.0 + 100 * Double(i)
            let close = open + (i % 2 == 0 ? 50 : -50)
            let high = max(open, close) + 75, low = min(open, close) - 60
            let volume = 1000.0 + 3 * Double(i)
            let openTime = start + Int64(i) * dayMs
            func q(_ x: Double) -> String { "\"" + String(format: "%.8f", x) + "\"" }
            return "[\(openTime),\(q(open)),\(q(high)),\(q(low)),\(q(close)),\(q(volume)),\(openTime + dayMs - 1),"
                + "\(q(volume * close)),\(308 + i),\(q(volume / 2)),\(q(volume * close / 2)),\"0\"]"
        }
        return "[" + rows.joined(separator: ",") + "]"
    }

    /// alternative.me's `/fng/?limit=3`: newest first, numbers quoted.
    static let fearGreed = """
        {
          "name": "Fear and Greed Index",
          "data": [
            {"value": "40", "value_classification": "Fear", "timestamp": "1551157200", "time_until_update": "68499"},
            {"value": "47", "value_classification": "Neutral", "timestamp": "1551070800"},
            {"value": "26", "value_classification": "Fear", "timestamp": "1550984400"}
          ],
          "metadata": {"error": null}
        }
        """

    /// blockchain.com's `/charts/n-transactions?format=json`, one value in scientific notation as documented.
    static let transactionsChart = """
        {"status": "ok", "name": "Confirmed Transactions Per Day", "unit": "Transactions", "period": "day",
         "description": "The number of daily confirmed Bitcoin transactions.",
         "values": [{"x": 1442534400, "y": 188330}, {"x": 1442620800, "y": 1.46277E5}, {"x": 1442707200, "y": 105933.0}]}
        """

    /// FRED's `/fred/series/observations?series_id=DFF&file_type=json`, with a holiday marked ".".
    static let fedFunds = """
        {"realtime_start": "2024-05-01", "realtime_end": "2024-05-01", "observation_start": "2019-10-01",
         "observation_end": "9999-12-31", "units": "lin", "output_type": 1, "file_type": "json",
         "order_by": "observation_date", "sort_order": "asc", "count": 4, "offset": 0, "limit": 100000,
         "observations": [
           {"realtime_start": "2024-05-01", "realtime_end": "2024-05-01", "date": "2019-10-01", "value": "1.88"},
           {"realtime_start": "2024-05-01", "realtime_end": "2024-05-01", "date": "2019-10-02", "value": "1.86"},
           {"realtime_start": "2024-05-01", "realtime_end": "2024-05-01", "date": "2019-10-03", "value": "."},
           {"realtime_start": "2024-05-01", "realtime_end": "2024-05-01", "date": "2019-10-04", "value": "1.83"}
         ]}
        """

    /// FRED's answer to a bad key (HTTP 400).
    static let fredBadKey = """
        {"error_code": 400, "error_message": "Bad Request.  The value for variable api_key is not registered."}
        """

    /// An RSS 2.0 feed: HTML in a CDATA description, entities, RFC 822 dates in three zone styles, newest first.
    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel>
            <title>Crypto Wire</title>
            <link>https://example.invalid/</link>
            <description>Markets news</description>
            <item>
              <title>Bitcoin rallies as ETF inflows surge</title>
              <pubDate>Tue, 05 Mar 2024 14:30:00 GMT</pubDate>
              <description><![CDATA[<p>Prices rose <b>8%</b> &amp; volumes doubled.</p>]]></description>
            </item>
            <item>
              <title>Exchange hack &amp; losses rattle traders</title>
              <pubDate>Mon, 4 Mar 2024 09:00:00 -0500</pubDate>
              <description>Withdrawals were halted.</description>
            </item>
            <item>
              <title>Regulators weigh stablecoin rules</title>
              <pubDate>Sun, 03 Mar 2024 23:15 EST</pubDate>
            </item>
          </channel>
        </rss>
        """

    /// An Atom feed with `<updated>` and `<summary>` (HTML-typed).
    static let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Chain Notes</title>
          <updated>2024-03-05T12:00:00Z</updated>
          <entry>
            <title>Miners sell reserves after halving fears</title>
            <updated>2024-03-04T12:00:00+02:00</updated>
            <summary type="html">&lt;em&gt;Hash rate&lt;/em&gt; dipped 3%.</summary>
          </entry>
          <entry>
            <title type="text">Lightning capacity hits record</title>
            <published>2024-03-05T08:00:00Z</published>
            <updated>2024-03-05T10:00:00Z</updated>
            <summary>New channels opened.</summary>
          </entry>
        </feed>
        """
}
