#include "core/blob.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#if !defined(__EMSCRIPTEN__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace plume {
namespace {

class VectorBlob final : public Blob {
 public:
  explicit VectorBlob(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  const uint8_t* data() const override { return bytes_.data(); }
  size_t size() const override { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
};

class MallocBlob final : public Blob {
 public:
  MallocBlob(uint8_t* data, size_t size) : data_(data), size_(size) {}
  ~MallocBlob() override { std::free(data_); }
  const uint8_t* data() const override { return data_; }
  size_t size() const override { return size_; }

 private:
  uint8_t* data_;
  size_t size_;
};

#if !defined(__EMSCRIPTEN__)
class MappedBlob final : public Blob {
 public:
  MappedBlob(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~MappedBlob() override {
    if (addr_ != nullptr && size_ > 0) munmap(addr_, size_);
  }
  const uint8_t* data() const override { return static_cast<const uint8_t*>(addr_); }
  size_t size() const override { return size_; }

 private:
  void* addr_;
  size_t size_;
};
#endif

}  // namespace

BlobPtr blob_from_vector(std::vector<uint8_t> bytes) {
  return std::make_shared<VectorBlob>(std::move(bytes));
}

BlobPtr blob_from_malloc(uint8_t* data, size_t size) {
  return std::make_shared<MallocBlob>(data, size);
}

Result<BlobPtr> blob_from_file(const std::string& path) {
#if !defined(__EMSCRIPTEN__)
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return make_error("cannot open '", path, "': ", std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return make_error("'", path, "' is not a regular file");
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    close(fd);
    return blob_from_vector({});
  }
  void* addr = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (addr == MAP_FAILED) return make_error("cannot map '", path, "': ", std::strerror(errno));
  return BlobPtr(std::make_shared<MappedBlob>(addr, size));
#else
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return blob_from_vector(std::move(bytes));
#endif
}

}  // namespace plume
