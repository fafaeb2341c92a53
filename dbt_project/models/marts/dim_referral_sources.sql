-- One row per code of the referral_sources code list, and 'ukendt'.

{{ code_dimension('referral_sources', 'referral_source') }}
