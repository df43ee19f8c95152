package io.jmlflow.internal.artifacts.http;

import io.jmlflow.internal.artifacts.upload.FileRegion;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

import java.io.IOException;

/** A request body streamed from part of a file; sending it again (a retry) reads the file again. */
final class FileRegionBody extends RequestBody {
    private final FileRegion region;
    private final MediaType type;

    FileRegionBody(FileRegion region, MediaType type) {
        this.region = region;
        this.type = type;
    }

    @Override
    public MediaType contentType() {
        return type;
    }

    @Override
    public long contentLength() {
        return region.length();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        try (Source source = Okio.source(region.open())) {
            sink.write(source, region.length());
        }
    }
}
