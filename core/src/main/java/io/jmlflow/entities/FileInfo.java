package io.jmlflow.entities;

/** An artifact listing entry: path relative to the artifact root, directory flag, size in bytes (null for dirs). */
public record FileInfo(String path, boolean isDir, Long fileSize) {
}
