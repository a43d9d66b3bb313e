# What cmake/EmbedFiles.cmake and cmake/EmbedWeb.cmake share (included by both, in script mode).

# Appends to `body_var` a C++ array `file_<index>` holding the bytes of `path` (as hex escapes,
# so that any content is safe, and a '\0' after them), and sets `size_var` to their number.
function(bc_embed_bytes path index body_var size_var)
  file(READ "${path}" hex HEX)
  string(LENGTH "${hex}" hex_len)
  math(EXPR size "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  set(${body_var} "${${body_var}}constexpr char file_${index}[] = {${bytes}'\\0'};\n" PARENT_SCOPE)
  set(${size_var} ${size} PARENT_SCOPE)
endfunction()

# Writes `content` to `output` only when it differs from what is there, so that unchanged inputs
# do not make their target compile and link again.
function(bc_write_if_changed output content)
  if(EXISTS "${output}")
    file(READ "${output}" old)
    if(old STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE "${output}" "${content}")
endfunction()
