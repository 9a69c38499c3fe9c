// Foyer stand-in for <ankerl/unordered_dense.h>.
//
// mediasoup's worker only uses ankerl::unordered_dense::map, ::set and ::hash
// as ordinary hash containers. Debian has no package for that header-only
// library, so for offline builds this header maps the names onto the standard
// containers. Behavioural notes:
//   * iteration order is unspecified here (the original keeps insertion order
//     as long as nothing is erased); mediasoup does not depend on it;
//   * std::unordered_map/set keep iterators and references valid on insert of
//     other keys and on erase of other elements, which is a superset of the
//     guarantees the original gives, so code written for it stays correct.
// Written for Foyer (scripts/mediasoup/build-worker.sh); not upstream code.

#ifndef FOYER_ANKERL_UNORDERED_DENSE_STANDIN_H
#define FOYER_ANKERL_UNORDERED_DENSE_STANDIN_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl
{
	namespace unordered_dense
	{
		namespace foyer_detail
		{
			// 64x64 -> 128 bit multiply, folded back to 64 bits. Spreads the
			// entropy of std::hash (identity for integers in libstdc++) over all
			// bits so that bucket selection does not depend on the low bits only.
			inline std::uint64_t Fold(std::uint64_t value) noexcept
			{
#if defined(__SIZEOF_INT128__)
				const unsigned __int128 product =
				  static_cast<unsigned __int128>(value) * UINT64_C(0x9e3779b97f4a7c15);

				return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
#else
				value ^= value >> 33;
				value *= UINT64_C(0xff51afd7ed558ccd);
				value ^= value >> 33;

				return value;
#endif
			}
		} // namespace foyer_detail

		template<class T, class Enable = void>
		struct hash
		{
			using is_avalanching = void;

			std::uint64_t operator()(const T& obj) const
			  noexcept(noexcept(std::hash<T>{}(std::declval<const T&>())))
			{
				return foyer_detail::Fold(static_cast<std::uint64_t>(std::hash<T>{}(obj)));
			}
		};

		template<
		  class Key,
		  class T,
		  class Hash      = ankerl::unordered_dense::hash<Key>,
		  class KeyEqual  = std::equal_to<Key>,
		  class Allocator = std::allocator<std::pair<const Key, T>>>
		using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

		template<
		  class Key,
		  class Hash      = ankerl::unordered_dense::hash<Key>,
		  class KeyEqual  = std::equal_to<Key>,
		  class Allocator = std::allocator<Key>>
		using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
	} // namespace unordered_dense
} // namespace ankerl

#endif
