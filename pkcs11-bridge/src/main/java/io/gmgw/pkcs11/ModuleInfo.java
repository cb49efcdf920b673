package io.gmgw.pkcs11;

/** CK_INFO: what the module says about itself. */
public record ModuleInfo(String cryptokiVersion, String manufacturer, String description, String libraryVersion) {
}
