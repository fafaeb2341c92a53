with

source as (
    select * from {{ source('raw', '_unknown_codes') }}
),

renamed as (
    select
        load_id,
        source as source_file,
        entity,
        column_name,
        value as unknown_value,
        rows as row_count
    from source
)

select * from renamed
