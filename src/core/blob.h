// An immutable block of bytes that model weights point into: a memory-mapped file natively,
// or a buffer the browser filled once (the model's bytes are never copied a second time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace plume {

class Blob {
 public:
  virtual ~Blob() = default;
  virtual const uint8_t* data() const = 0;
  virtual size_t size() const = 0;
};

using BlobPtr = std::shared_ptr<const Blob>;

// Takes ownership of the bytes.
BlobPtr blob_from_vector(std::vector<uint8_t> bytes);
// Takes ownership of a malloc()ed buffer (the browser writes the file straight into it).
BlobPtr blob_from_malloc(uint8_t* data, size_t size);
// Memory-maps a file read-only (natively); reads it into memory under Emscripten.
Result<BlobPtr> blob_from_file(const std::string& path);

}  // namespace plume
