with

source as (
    select * from {{ source('raw', '_loads') }}
),

renamed as (
    select
        load_id,
        source as source_file,
        entity,
        rows_read,
        rows_loaded,
        rows_rejected,
        unknown_codes,
        loaded_at
    from source
)

select * from renamed
