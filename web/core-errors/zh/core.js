// Chinese for the engine's error messages from src/core/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.
export default {
  messages: {
    // blob.cpp: reading a file (a model, a data file); the last value is the system's reason.
    "cannot open '{}': {}": '无法打开“{0}”：{1}',
    "'{}' is not a regular file": '“{0}”不是普通文件',
    "cannot map '{}': {}": '无法将“{0}”映射到内存：{1}',
    "cannot open '{}'": '无法打开“{0}”',
    // civil_time.cpp: ISO 8601 dates; the callers add the text that was read.
    'expected YYYY-MM-DD': '应为 YYYY-MM-DD 格式的日期',
    'no such date': '日期不存在',
    "expected 'T' after the date": '日期后应为“T”',
    'expected hh:mm after the date': '日期后应为 hh:mm',
    'expected seconds after hh:mm:': 'hh:mm: 后应为秒数',
    'expected digits after the decimal point': '小数点后应为数字',
    'no such time': '时间不存在',
    'expected Z or +hh:mm after the time': '时间后应为 Z 或 +hh:mm',
    'no such UTC offset': 'UTC 偏移不存在',
  },
  fragments: {
    // std::strerror's reasons (glibc and musl/Emscripten spell these alike), after "cannot open 'x': ".
    'No such file or directory': '文件或目录不存在',
    'Permission denied': '权限不足',
    'Is a directory': '是一个目录',
    'Not a directory': '不是目录',
    'No space left on device': '设备空间不足',
    'Read-only file system': '文件系统为只读',
    'File name too long': '文件名过长',
    'Too many open files': '打开的文件过多',
    'Input/output error': '输入/输出错误',
  },
};
