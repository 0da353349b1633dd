// Whether files can be written in a folder, checked before a load reads any data: a
// missing folder or a read-only one found after a long load would waste it.
#pragma once

#include <string>

namespace sam::rt::load {

// Why files cannot be created in `dir` ("" when they can). With `create_missing`, a
// folder that does not exist is fine if its nearest existing parent is writable (it
// would be created there). The test creates and removes a file, which also finds
// read-only file systems and the permissions of the user, root included.
std::string FolderProblem(const std::string& dir, bool create_missing);

// Why `path` cannot be written as a file ("" when it can): it is a folder, or its
// folder is missing or not writable.
std::string FileProblem(const std::string& path);

}  // namespace sam::rt::load
