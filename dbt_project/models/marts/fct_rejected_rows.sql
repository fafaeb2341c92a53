-- One row per row the ingest rejected (load_id, source_line), with its column and reason.
-- Text as written is masked where it looks like a CPR number.

with

rejected as (
    select * from {{ ref('stg_rejected_rows') }}
),

final as (
    select
        load_id,
        source_line,
        {{ mask_cpr('source_file') }} as source_file,
        entity,
        {{ mask_cpr('column_name') }} as column_name,
        {{ mask_cpr('reason') }} as reason,
        {{ mask_cpr('row_json') }} as row_json
    from rejected
)

select * from final
