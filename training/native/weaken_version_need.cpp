// Marks one version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), so the dynamic loader
// no longer refuses the library when the named version is missing from the dependency that should define it.
// Usage: weaken_version_need FILE VERSION. Prints "weakened" or "already weak"; changes nothing in the
// second case, so running it again is harmless.
#include <elf.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{
    template <typename T>
    T* at(std::vector<char>& image, std::size_t offset, const std::string& what)
    {
        if (offset > image.size() || image.size() - offset < sizeof(T))
            throw std::runtime_error(what + " at offset " + std::to_string(offset) + " lies outside the file");
        return reinterpret_cast<T*>(image.data() + offset);
    }

    std::string name_at(std::vector<char>& image, const Elf64_Shdr& strings, Elf64_Word index)
    {
        if (index >= strings.sh_size) throw std::runtime_error("a version name lies outside its string table");
        const char* start = image.data() + strings.sh_offset + index;
        return std::string(start, strnlen(start, strings.sh_size - index));
    }

    // Returns true when the flag was set now, false when it was set already.
    bool weaken(std::vector<char>& image, const std::string& version)
    {
        auto* header = at<Elf64_Ehdr>(image, 0, "the ELF header");
        if (std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 || header->e_ident[EI_CLASS] != ELFCLASS64)
            throw std::runtime_error("not an ELF64 file");
        for (int s = 0; s < header->e_shnum; s++)
        {
            auto* section = at<Elf64_Shdr>(image, header->e_shoff + s * std::size_t{header->e_shentsize}, "a section header");
            if (section->sh_type != SHT_GNU_verneed) continue;
            auto* strings = at<Elf64_Shdr>(image, header->e_shoff + section->sh_link * std::size_t{header->e_shentsize}, "the version string table header");
            std::size_t need_offset = section->sh_offset;
            for (Elf64_Word n = 0; n < section->sh_info; n++)
            {
                auto* need = at<Elf64_Verneed>(image, need_offset, "a version need");
                std::size_t aux_offset = need_offset + need->vn_aux;
                for (Elf64_Half a = 0; a < need->vn_cnt; a++)
                {
                    auto* aux = at<Elf64_Vernaux>(image, aux_offset, "a version need entry");
                    if (name_at(image, *strings, aux->vna_name) == version)
                    {
                        if (aux->vna_flags & VER_FLG_WEAK) return false;
                        aux->vna_flags |= VER_FLG_WEAK;
                        return true;
                    }
                    aux_offset += aux->vna_next;
                }
                need_offset += need->vn_next;
            }
        }
        throw std::runtime_error("no requirement for version " + version);
    }
}

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        std::cerr << "usage: weaken_version_need FILE VERSION\n";
        return 2;
    }
    try
    {
        std::vector<char> image;
        {
            std::ifstream in(argv[1], std::ios::binary);
            if (!in) throw std::runtime_error("cannot read the file");
            image.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        if (!weaken(image, argv[2]))
        {
            std::cout << "already weak\n";
            return 0;
        }
        std::ofstream out(argv[1], std::ios::binary | std::ios::in | std::ios::out);
        if (!out.write(image.data(), static_cast<std::streamsize>(image.size()))) throw std::runtime_error("cannot write the file");
        std::cout << "weakened\n";
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << argv[1] << ": " << e.what() << "\n";
        return 1;
    }
}
