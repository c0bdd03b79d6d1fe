import Testing
@testable import LibXML

