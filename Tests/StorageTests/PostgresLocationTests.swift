import Foundation
import PostgresStorage
import Testing

/// The `database` URL as the PostgreSQL backend reads it, and where its password may come from.
struct PostgresLocationTests {
    @Test func urlsOfTheUsualShapesAreRead() throws {
        let tcp = try PostgresLocation(url: "postgres://feedwatch@db.internal/news")
        #expect(tcp.host == "db.internal" && tcp.port == 5432 && tcp.user == "feedwatch" && tcp.database == "news" && tcp.tls == .prefer)
        let tls = try PostgresLocation(url: "postgresql://fw%20user@10.0.0.5:6432/news%2Ddesk?sslmode=require")
        #expect(tls.user == "fw user" && tls.port == 6432 && tls.database == "news-desk" && tls.tls == .require)
        let socket = try PostgresLocation(url: "postgres://feedwatch@/news?host=/run/postgresql")
        #expect(socket.socketDirectory == "/run/postgresql" && socket.host == nil)
        #expect(socket.description == "postgres://feedwatch@/news?host=/run/postgresql")
    }

    @Test func badURLsAreRefusedWithAReasonAndNoSecretInIt() {
        let cases = [
            "postgres://feedwatch:hunter2-secret@db/news": "password",
            "postgres://feedwatch@db": "no database",
            "postgres://db/news": "no user",
            "postgres://feedwatch@db:70000/news": "",
            "postgres://feedwatch@db/news?sslmode=maybe": "sslmode",
            "postgres://feedwatch@db/news?host=relative/dir": "Unix socket",
            "postgres://feedwatch@db/news?application_name=x": "unknown",
            "mysql://feedwatch@db/news": "postgres://",
            "postgres://feedwatch@db/" + String(repeating: "n", count: 3000): "2048",
        ]
        for (url, reason) in cases {
            do {
                _ = try PostgresLocation(url: url)
                Issue.record("'\(url.prefix(60))' was accepted")
            } catch {
                let text = String(describing: error)
                #expect(reason.isEmpty || text.contains(reason), "\(url.prefix(60)): \(text)")
                #expect(!text.contains("hunter2-secret"))
            }
        }
    }

    @Test func thePasswordComesFromTheFileTheCredentialOrTheEnvironmentAndIsNeverPrinted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fw-pw-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "from-file\n".write(toFile: dir + "/pw", atomically: true, encoding: .utf8)
        try "from-credential".write(toFile: dir + "/database-password", atomically: true, encoding: .utf8)
        let environment = ["CREDENTIALS_DIRECTORY": dir, "FEEDWATCH_DATABASE_PASSWORD": "from-env"]
        #expect(try PostgresPassword.resolve(file: dir + "/pw", environment: environment).value == "from-file")
        #expect(try PostgresPassword.resolve(file: nil, environment: environment).value == "from-credential")
        #expect(try PostgresPassword.resolve(file: nil, environment: ["FEEDWATCH_DATABASE_PASSWORD": "from-env"]).value == "from-env")
        #expect(try PostgresPassword.resolve(file: nil, environment: [:]).value == nil)
        let password = try PostgresPassword.resolve(file: dir + "/pw", environment: [:])
        #expect("\(password)" == "(hidden)")
        do {
            _ = try PostgresPassword.resolve(file: dir + "/missing", environment: environment)
            Issue.record("a missing password file was accepted")
        } catch {
            #expect(String(describing: error).contains(dir + "/missing"))
        }
    }
}
