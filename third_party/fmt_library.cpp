// The compiled part of {fmt}: its out-of-line functions, defined once for the
// whole program.
//
// Why here and not libfmt.so: the programs are linked statically
// (cmake/static_executables.cmake), since loading shared libraries was most
// of the run of a short command such as `infra version`, and a static link
// takes archives only. Debian ships fmt's implementation as a header
// (fmt/format-inl.h) but no static archive or sources, so this file compiles
// that header once, without FMT_HEADER_ONLY: every other file sees only the
// declarations, as with the shared library.
#include <fmt/format-inl.h>

#include <locale>

FMT_BEGIN_NAMESPACE
namespace detail {

// Templates that format.h declares and only format-inl.h defines, so that
// no file that includes format.h compiles them again: the two
// `dragonbox::to_decimal` (shortest round-trip digits of a float or double)
// and the `extern template` ones. The program itself needs the
// floating-point ones and thousands_sep_impl<char>; the rest are here
// because a project built against the installed SDK links fmt from it
// (infra::fmt) and may format with a locale ({:L}, fmt::format(locale, ...))
// or wide strings, as fmt's own library allows.
template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template locale_ref::locale_ref(const std::locale& loc);
template auto locale_ref::get<std::locale>() const -> std::locale;
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<wchar_t>;
template auto decimal_point_impl(locale_ref) -> char;
template auto decimal_point_impl(locale_ref) -> wchar_t;

}  // namespace detail
FMT_END_NAMESPACE
