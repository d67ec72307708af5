import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small RSS reader for tests: parses the XML for real (a malformed feed
/// fails) and collects the channel's and items' elements.
final class FeedParser: NSObject, XMLParserDelegate {
    struct Item { var fields: [String: String] = [:]; var enclosure: [String: String]? }
    var channel: [String: String] = [:]
    var selfLink: [String: String]?
    var items: [Item] = []
    private var path: [String] = []
    private var buffer = ""
    private var error: Error?

    static func parse(_ data: Data) throws -> FeedParser {
        let delegate = FeedParser()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? delegate.error ?? CocoaError(.coderReadCorrupt) }
        return delegate
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        path.append(name)
        buffer = ""
        if name == "item" { items.append(Item()) }
        if name == "enclosure", !items.isEmpty { items[items.count - 1].enclosure = attributes }
        if name == "atom:link" { selfLink = attributes }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { buffer += string }

    func parser(_ parser: XMLParser, foundCDATA data: Data) { buffer += String(decoding: data, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if path.contains("item"), !items.isEmpty, name != "item" {
            items[items.count - 1].fields[name] = buffer
        } else if path.count == 3, path[1] == "channel" {
            channel[name] = buffer
        }
        path.removeLast()
        buffer = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}
