-- One row per code of the episode_end_reasons code list, and 'ukendt'.

{{ code_dimension('episode_end_reasons', 'end_reason') }}
