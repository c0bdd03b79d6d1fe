import Foundation

/// file:// feeds and pages: local files read under the same size cap, with the modification
/// time as Last-Modified so an unchanged file is a 304 like any polite server would answer.
enum FileFetcher {
    static func fetch(_ request: FetchRequest) throws(FetchError) -> FetchResponse {
        guard let url = URL(string: request.url), url.isFileURL else { throw .invalidURL(request.url) }
        let path = url.standardizedFileURL.path
        guard let root = request.fileRoot else {
            throw .file("file:// links are only followed for local feeds (\(request.url))")
        }
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
        guard rootPath == "/" || path == rootPath || path.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") else {
            throw .file("\(path) lies outside \(rootPath); refused")
        }
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw .file("no such file: \(path)")
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory { throw .file("\(path) is a directory, not a file") }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > request.maxBytes { throw .tooLarge(limit: request.maxBytes) }
        let modified = (attributes[.modificationDate] as? Date).map(HTTPHeaderValues.httpDateString)
        if let modified, modified == request.lastModified {
            return FetchResponse(status: 304, finalURL: request.url, body: [], contentType: nil, etag: nil,
                                 lastModified: modified, maxAge: nil, retryAfter: nil, redirects: [])
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .file("cannot read \(path) (permissions?)") }
        if data.count > request.maxBytes { throw .tooLarge(limit: request.maxBytes) }
        return FetchResponse(status: 200, finalURL: request.url, body: [UInt8](data), contentType: nil, etag: nil,
                             lastModified: modified, maxAge: nil, retryAfter: nil, redirects: [])
    }
}
